"""The DR runbook of one environment, rendered to Markdown (`render.render`)."""
