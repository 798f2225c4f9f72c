"""What a self-study learner sees around the checks: the progress record, the workspace and the lab view."""
