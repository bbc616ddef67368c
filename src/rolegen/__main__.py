"""python -m rolegen"""

from rolegen.cli.app import main

main()
