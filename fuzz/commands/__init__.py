"""Subcommands of `python -m fuzz`, one module each (HELP, add_arguments, run)."""
