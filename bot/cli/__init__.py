"""`python -m bot`: the command line — run, console, ask, check, and the operators' commands."""
