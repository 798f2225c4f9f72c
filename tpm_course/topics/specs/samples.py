"""The lesson's worked example: a first-draft spec for audit-log export, and the same spec reviewed.

Ledgerly, a finance SaaS, is asked by its enterprise customers to stream audit events to their
security monitoring (SIEM). The draft is how such a spec often starts; the revision is what it
becomes after a review with the linter, the EARS patterns and the NFR parser.
"""

DRAFT_SPEC = """
title: Audit log export
problem: Enterprise customers want audit logs in their SIEM in real time, and it has to be reliable.
goal: Make the biggest customers happy with audit export.
scope:
  in_scope:
    - Export of all audit events to any SIEM, e.g. Splunk, Sentinel, etc.
  non_goals: []
functional_requirements:
  - id: FR-1
    text: The system should send audit events to the SIEM as fast as possible.
  - id: FR-2
    text: The admin shall be able to configure it easily.
  - id: FR-3
    text: The system shall not lose events and/or duplicate them.
non_functional_requirements:
  - id: NFR-1
    text: Export shall be fast and scalable.
  - id: NFR-2
    text: The average delivery time shall be better than today.
acceptance_criteria:
  - id: AC-1
    verifies: [FR-1]
    gherkin: |
      Scenario: Export works
        When an event happens
        Then it is exported quickly
dependencies:
  - id: DEP-1
    description: Customers open their firewall for our export service
    owner: Customer success
risks: []
open_questions:
  - Which SIEMs do most customers use?
rollout:
  - Release to everyone when it is ready
"""

REVISED_SPEC = """
title: Audit log export to customer SIEMs
problem: >
  Security teams at enterprise customers investigate incidents in their own SIEM. Today they download
  Ledgerly's audit log as a CSV once a day, so an attack on a Ledgerly account is seen a day late.
goal: >
  The 12 Enterprise customers who asked receive each audit event in their SIEM within 60 seconds by 30 September.
scope:
  in_scope:
    - Streaming audit events to one HTTPS endpoint per workspace in the Common Event Format
    - Retrying deliveries that the endpoint refuses
  non_goals:
    - Vendor-specific SIEM connectors
    - Export of the audit history older than 30 days
functional_requirements:
  - id: FR-1
    text: When an audit event is recorded, the export service shall deliver the event to the endpoint configured for the workspace.
  - id: FR-2
    text: Where the workspace has audit export enabled, the admin console shall display the endpoint URL and the time of the last delivery.
  - id: FR-3
    text: If the endpoint answers a delivery with an HTTP 5xx status, then the export service shall retry the delivery with exponential backoff for up to 24 hours.
non_functional_requirements:
  - id: NFR-1
    text: The p99 delivery time from recording an audit event to its acceptance by the endpoint shall be at most 60 s at 400 events per second.
  - id: NFR-2
    text: The share of audit events delivered exactly once shall be at least 99.99 % over each calendar month.
acceptance_criteria:
  - id: AC-1
    verifies: [FR-1, NFR-1]
    gherkin: |
      Scenario: Delivery time at the peak
        Given a test endpoint for the workspace "acme"
        And the load generator records 400 audit events per second for 10 minutes
        When the delivery times are measured at the test endpoint
        Then the 99th percentile of the delivery times is at most 60 s
  - id: AC-2
    verifies: [FR-2]
    gherkin: |
      Scenario: The admin sees the export status
        Given audit export is enabled for the workspace "acme"
        When an administrator opens the audit export page
        Then the page shows the endpoint URL and the time of the last delivery
  - id: AC-3
    verifies: [FR-3]
    gherkin: |
      Scenario: Retries after a server error
        Given the test endpoint answers HTTP 503 for 5 minutes
        When 1,000 audit events are recorded during those 5 minutes
        Then the test endpoint has received each of the 1,000 events 10 minutes later
  - id: AC-4
    verifies: [NFR-2]
    gherkin: |
      Scenario: Monthly exactly-once rate
        Given the delivery log of a calendar month
        When the events delivered exactly once are divided by the events recorded
        Then the result is at least 99.99 %
dependencies:
  - id: DEP-1
    description: Each customer's security team allows our export IP addresses through its firewall
    owner: Customer success (Ana Lima)
risks:
  - id: RISK-1
    dependency: DEP-1
    description: A customer's firewall change takes longer than the 2 weeks before its pilot
    mitigation: Send the IP addresses with the pilot invitation, 4 weeks before the pilot
    owner: Ana Lima
open_questions:
  - Do the 12 customers accept the Common Event Format, or do 3 or more need another format? (Ana Lima, by 15 August)
rollout:
  - 1 September: pilot with 3 customers
  - 30 September: the 12 customers who asked
"""

EXAMPLE_REQUIREMENTS = """\
The system should send audit events to the SIEM as fast as possible.
The admin shall be able to configure it easily.
When an audit event is recorded, the export service shall deliver the event to the endpoint configured for the workspace.
The system shall not lose events and/or duplicate them.
Export shall support all SIEMs, e.g. Splunk, Sentinel, etc."""
