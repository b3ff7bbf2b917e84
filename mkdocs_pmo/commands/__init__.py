"""`pmo` subcommands. Each module has `register(subparsers)` and a `run(args) -> int`."""
