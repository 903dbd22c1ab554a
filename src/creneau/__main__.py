"""``python -m creneau``: the command-line interface."""

from creneau.interfaces.cli.app import main

if __name__ == "__main__":
    main()
