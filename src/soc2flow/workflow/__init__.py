"""Use cases around the files: init scaffold, evidence add, codeowners, import comply."""
