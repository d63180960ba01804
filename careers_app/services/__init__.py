"""The domain: pure Python, no Reflex. A database session is always passed in."""
