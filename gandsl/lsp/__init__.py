"""`gandsl lsp`: a language server for recipe files (diagnostics, completion, hover, ...)."""
