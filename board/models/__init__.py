"""The things the board keeps; one module per area of the domain."""
from board.models.academy import Cohort, CohortClass, Trainee, TraineeStatus
from board.models.accounts import LoginSession, Role, User
from board.models.companies import Agreement, Company, CompanyKind, CompanyStatus

__all__ = [
    "Agreement", "Cohort", "CohortClass", "Company", "CompanyKind", "CompanyStatus",
    "LoginSession", "Role", "Trainee", "TraineeStatus", "User",
]
