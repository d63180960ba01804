"""What a posting is: finding and showing postings (the board's filters, the posting page),
the admins' posting editor, schema.org JobPosting and pay text, the hiring steps as a
candidate reads them, and each posting's own pipeline of stages.

May use: platform.
"""
