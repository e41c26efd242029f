from django.urls import include, path

from lamtheo.org.views import (
    accounts,
    people,
    privacy,
    register,
    reorganise,
    roles,
    search,
    terms,
    units,
)

unit_urls = [
    path("", units.unit_detail, name="unit"),
    path("children/", units.unit_children, name="unit-children"),
    path("edit/", units.unit_edit, name="unit-edit"),
    path("new/", units.unit_create, name="unit-create"),
    path("move/", units.unit_move, name="unit-move"),
    path("merge/", units.unit_merge, name="unit-merge"),
    path("close/", units.unit_close, name="unit-close"),
    path("reopen/", units.unit_reopen, name="unit-reopen"),
    path("transfer/", reorganise.transfer_cells, name="unit-transfer"),
    path("insert-above/", reorganise.insert_above, name="unit-insert-above"),
    path("insert-above/undo/", reorganise.insert_above_undo, name="unit-insert-above-undo"),
    path("dissolve/", terms.dissolve, name="unit-dissolve"),
    path("dissolve/undo/", terms.dissolve_undo, name="unit-dissolve-undo"),
    path("new-term/", terms.new_term, name="unit-new-term"),
    path("new-term/undo/", terms.new_term_undo, name="unit-new-term-undo"),
    path("people/new/", people.person_create, name="person-create"),
    path("accounts/", accounts.unit_accounts, name="unit-accounts"),
    path("accounts/slips/", accounts.unit_slips, name="unit-slips"),
    path("roles/", roles.unit_roles, name="unit-roles"),
    path("roles/follow-office/", roles.unit_follow_office, name="unit-follow-office"),
    path("register/", register.unit_register, name="unit-register"),
    path("register/export.xlsx", register.unit_register_export, name="unit-register-export"),
]

person_urls = [
    path("", people.person_detail, name="person"),
    path("edit/", people.person_edit, name="person-edit"),
    path("transfer/", people.person_transfer, name="person-transfer"),
    path("leave/", people.person_leave, name="person-leave"),
    path("positions/new/", people.position_create, name="position-create"),
    path("slip/", accounts.person_slip, name="person-slip"),
    path("my-data.<str:format>", people.own_data, name="own-data"),
    path("consent/", privacy.person_consent, name="person-consent"),
]

urlpatterns = [
    path("units/", units.unit_tree, name="unit-tree"),
    path("units/<int:pk>/", include(unit_urls)),
    path("positions/<int:pk>/end/", units.position_end, name="position-end"),
    path("grants/<int:pk>/end/", roles.grant_end, name="grant-end"),
    path("register/<int:pk>/cancel/", register.document_cancel, name="document-cancel"),
    path("handovers/<int:pk>/", reorganise.handover, name="handover"),
    path("handovers/<int:pk>/undo/", reorganise.handover_undo, name="handover-undo"),
    path("people/", people.people_list, name="people"),
    path("people/<int:pk>/", include(person_urls)),
    path("search/", search.search, name="search"),
    path("imports/", include("lamtheo.org.imports.urls")),
]
