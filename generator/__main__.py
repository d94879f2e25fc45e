"""`python -m generator` runs the same command line as `drukwerk`."""
from .cli import main

main()
