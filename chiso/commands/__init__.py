"""The commands of the chiso CLI, one module per area."""
