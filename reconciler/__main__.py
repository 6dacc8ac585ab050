from reconciler.heap import collect_less

collect_less()  # before the command line's imports: see reconciler.heap

from reconciler.cli import main  # noqa: E402

main()
