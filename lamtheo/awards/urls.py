from django.urls import path

from lamtheo.awards.views import decisions, honours, public, rounds

urlpatterns = [
    path("awards/", rounds.round_list, name="award-rounds"),
    path("awards/rounds/new/", rounds.round_create, name="award-round-create"),
    path("awards/rounds/<int:pk>/", rounds.round_detail, name="award-round"),
    path("awards/rounds/<int:pk>/nominate/", rounds.round_nominate, name="award-nominate"),
    path("awards/rounds/<int:pk>/council/", rounds.round_council, name="award-council"),
    path("awards/rounds/<int:pk>/votes/", rounds.round_votes, name="award-votes"),
    path("awards/rounds/<int:pk>/close/", rounds.round_close, name="award-close"),
    path("awards/rounds/<int:pk>/minutes.docx", rounds.round_minutes, name="award-minutes"),
    path(
        "awards/nominations/<int:pk>/withdraw/", rounds.nomination_withdraw, name="award-withdraw"
    ),
    path("awards/decisions/<int:pk>/", decisions.decision_detail, name="award-decision"),
    path(
        "awards/decisions/<int:pk>/submission.docx",
        decisions.submission_docx,
        name="award-submission-docx",
    ),
    path(
        "awards/decisions/<int:pk>/decision.docx",
        decisions.decision_docx,
        name="award-decision-docx",
    ),
    path(
        "awards/decisions/<int:pk>/certificates/",
        decisions.certificates_start,
        name="award-certificates",
    ),
    path(
        "awards/certificate-jobs/<int:pk>/",
        decisions.certificates_progress,
        name="award-job-progress",
    ),
    path(
        "awards/certificate-jobs/<int:pk>/file.pdf",
        decisions.certificates_file,
        name="award-job-file",
    ),
    path("awards/<int:pk>/certificate.pdf", decisions.award_certificate, name="award-certificate"),
    path("awards/<int:pk>/revoke/", decisions.award_revoke, name="award-revoke"),
    path("awards/people/<int:pk>/", honours.person_honours, name="award-person"),
    path("awards/units/<int:pk>/", honours.unit_honours, name="award-unit"),
    path("awards/overview/", honours.overview, name="award-overview"),
    path("xac-minh/<str:code>/", public.verify, name="award-verify"),
]
