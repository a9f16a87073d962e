from gandsl.cli.main import main

main()
