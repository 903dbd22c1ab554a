"""CP-SAT models (OR-Tools). The only place of the planner that imports ``ortools``."""
