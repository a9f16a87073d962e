from gandsl.cli import main

main()
