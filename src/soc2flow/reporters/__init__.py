"""Pure output formatters: each turns a result into a string and does nothing else."""
