"""The admin CLI: `python -m helpdesk_app COMMAND ...` (see --help)."""

from helpdesk_app.cli import main

raise SystemExit(main())
