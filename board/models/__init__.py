"""The things the board keeps; one module per area of the domain."""
from board.models.academy import Cohort, CohortClass, Trainee, TraineeStatus
from board.models.accounts import LoginSession, Role, User
from board.models.applications import Application, Stage, StageChange
from board.models.audit import AuditEntry
from board.models.companies import Agreement, Company, CompanyInvitation, CompanyKind, CompanyStatus
from board.models.lunchdays import (
    Attendance, FollowUpDecision, LunchCompany, LunchDay, LunchFollowUp, LunchInterest, LunchPreference, LunchRound,
    LunchSeat, LunchSignup, SignupStatus,
)
from board.models.matching import Decision, InterviewFeedback, InterviewSlot, MatchProposal, MeetRequest
from board.models.offers import EmploymentCheck, Offer, OfferState, RetentionStatus
from board.models.notifications import Channel, Notification, NotificationPreference
from board.models.outcomes import Outcome, OutcomeKind
from board.models.outbox import ConsumerHeartbeat, OutboxMessage, OutboxStatus
from board.models.openings import (
    CareerLevel, DeadlineKind, Education, EmploymentType, Opening, OpeningSkill, OpeningStatus, OpeningVersion,
    QuestionKind, ScreeningQuestion,
)
from board.models.projects import Project, ProjectVersion
from board.models.skills import JobRole, Skill
from board.models.surveys import HiringTiming, SurveyResponse, SurveyRound, SurveyRow
from board.models.trainees import AccountInvitation, Resume, RosterImport

__all__ = [
    "Attendance", "FollowUpDecision", "LunchCompany", "LunchDay", "LunchFollowUp", "LunchInterest", "LunchPreference",
    "LunchRound", "LunchSeat", "LunchSignup", "SignupStatus",
    "Decision", "InterviewFeedback", "InterviewSlot", "MatchProposal", "MeetRequest",
    "EmploymentCheck", "Offer", "OfferState", "RetentionStatus",
    "Channel", "Notification", "NotificationPreference",
    "Outcome", "OutcomeKind",
    "ConsumerHeartbeat", "OutboxMessage", "OutboxStatus",
    "Project", "ProjectVersion",
    "AccountInvitation", "Application", "Resume", "RosterImport", "Stage", "StageChange",
    "Agreement", "AuditEntry", "CareerLevel", "Cohort", "CohortClass", "Company", "CompanyInvitation", "CompanyKind",
    "CompanyStatus", "DeadlineKind", "Education", "EmploymentType", "HiringTiming", "JobRole", "LoginSession", "Opening",
    "OpeningSkill", "OpeningStatus", "OpeningVersion", "QuestionKind", "Role", "ScreeningQuestion", "Skill",
    "SurveyResponse", "SurveyRound", "SurveyRow",
    "Trainee", "TraineeStatus", "User",
]
