"""careers_app: an open-source careers site and applicant tracking system."""
