from drspec.cli import main

raise SystemExit(main())
