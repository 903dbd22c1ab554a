"""``python -m creneau``: the command-line interface."""

from creneau.interfaces.cli.launch import main

if __name__ == "__main__":
    main()
