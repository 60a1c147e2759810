"""Allow ``python -m zgraph``."""

from zgraph.cli import main

raise SystemExit(main())
