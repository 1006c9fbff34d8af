"""AWS cron expressions: the grammar (`grammar`) and when they run (`gap`)."""
