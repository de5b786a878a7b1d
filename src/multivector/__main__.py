"""`python -m multivector` runs the command line."""

from multivector.cli.app import main

main()
