"""The core: knowledge, reading questions, composing and rendering answers.

Pure and fast: it imports no Discord library and no database driver (tests/test_architecture.py
holds it to that), so a question gets the same answer in Discord, in the console and in tests.
"""
