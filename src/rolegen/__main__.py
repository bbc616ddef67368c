"""python -m rolegen"""

from rolegen.cli import main

main()
