"""Allow ``python -m hisab``."""

from hisab.cli import main

if __name__ == "__main__":
    main()
