"""Off-road events: sign-up, waitlist, check-in, completion, feedback, crew support."""
