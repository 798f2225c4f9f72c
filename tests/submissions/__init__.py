"""Submissions written as a student would: correct in other forms, planted misconceptions, blanks."""
