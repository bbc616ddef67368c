"""The seed text both baseline scripts draw."""

CEO = [
    "Setting long-term goals, vision, and business strategy.",
    "Making high-level, critical decisions for the company’s growth and success.",
    "Interacting with shareholders, board members, the media, and the public as the face of the company.",
    "Leading the company’s top executives and ensuring that the organization's mission is being executed by all departments.",
    "Being accountable to the board of directors and shareholders for the company’s performance.",
]
COO = [
    "Managing the company’s operational processes, including production, service delivery, and other core business functions.",
    "Implementing the CEO’s strategic vision by aligning the company’s processes and operations with that strategy.",
    "Managing departments like manufacturing, sales, marketing, and human resources to ensure seamless collaboration.",
    "Optimizing the operational side of the business to improve productivity and address operational challenges.",
    "Reporting directly to the CEO on operational performance and challenges.",
]
ROWS = [
    ("Dimension", "CEO", "COO"),
    (
        "Scope",
        "The CEO focuses on the overall direction and leadership of the company.",
        "The COO is more concerned with ensuring that the company’s operations are efficient and running smoothly.",
    ),
    (
        "External vs. Internal",
        "The CEO is often externally focused (investors, media, partnerships).",
        "The COO focuses on internal operations (processes, productivity, and efficiency).",
    ),
    ("Position", "Top executive in the company.", "Second in command."),
    ("Accountable to", "The board of directors and shareholders.", "The CEO."),
]
