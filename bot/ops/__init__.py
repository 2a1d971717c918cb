"""What operators configure and watch: configuration, logs, metrics and health, reports."""
