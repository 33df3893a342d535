"""`python -m clf` runs the command line."""

from clf.cli import app

app(prog_name="clf")
