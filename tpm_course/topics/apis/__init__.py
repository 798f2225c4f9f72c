"""HTTP API contracts: what methods and status codes promise, and a reviewer for OpenAPI 3 fragments.

http       METHODS, STATUS_CODES: RFC 9110 and friends, section by section
openapi    the document's structure (jsonschema), reading a dict or YAML, its operations
review     Need (what a partner needs) and contract_problems (a reviewer's comments)
question   ContractQuestion, the check behind an exercise's contract
"""

from .http import IDEMPOTENCY_KEY, METHODS, STATUS_CODES
from .openapi import OPENAPI_SCHEMA, ContractError, Operation, operations, read_contract, shape_problems
from .question import ContractQuestion
from .review import Need, contract_problems

__all__ = [
    "IDEMPOTENCY_KEY",
    "METHODS",
    "OPENAPI_SCHEMA",
    "STATUS_CODES",
    "ContractError",
    "ContractQuestion",
    "Need",
    "Operation",
    "contract_problems",
    "operations",
    "read_contract",
    "shape_problems",
]
