"""Stage 7, lms: the knowledge check as question banks (Moodle XML, GIFT, QTI 2.1) and a SCORM 1.2 package. Imports render and the stages below."""
