"""From a business ask to a technical spec: a requirements linter, EARS patterns, Gherkin
acceptance criteria, measurable non-functional requirements and the one-page spec.

Import the module you need (``from tpm_course.topics.specs.smells import lint``): each loads its
own dependencies (PyYAML, jsonschema, the Gherkin parser) only when it is used.
"""
