"""Background jobs: the taskiq broker, tasks (thin wrappers over services) and schedules."""
