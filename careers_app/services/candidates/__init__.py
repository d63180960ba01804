"""What a person gives us and how they come back: every form field's rule and message
(validation, country names, the 2024 race and ethnicity question), documents (size, the PDF
check in its own process, its CPU slots, upload limits, storage by hash), reading a resume to
suggest contact details, and the status links a candidate without an account uses.

May use: platform.
"""
