"""The site's pages, by area. The API (/api/v1/) has its own routes in tafelrunde.api.urls."""

from django.contrib.auth import views as auth_views
from django.urls import path

from tafelrunde.web.views import (
    account,
    account_erase,
    accounting,
    calendar_feed,
    contact_files,
    contacts,
    guest_invitation,
    home,
    meals,
    namesakes,
    passwords,
    places,
    pwa,
    receipts,
    reminders,
    rounds,
    sources,
    stats,
    team_join,
    team_people,
    teams,
    timeline,
    tokens,
    tonight,
    trips,
)

urlpatterns = [
    path("", home.home, name="home"),
    # The app on the phone: installable from the manifest, offline through the service
    # worker (served from the root, so that it may serve every page).
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("places/nearest", places.nearest_place, name="place-nearest"),
    # The account: log in and out, settings, password change and reset, deletion.
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("settings/", account.settings_page, name="settings"),
    path("settings/delete-account/", account_erase.account_delete, name="account-delete"),
    # Password change (logged in) and reset by e-mail (logged out): Django's own views, with
    # our templates (the admin ships its own under registration/, which would win).
    path("settings/password/", passwords.PasswordChangeView.as_view(), name="password_change"),
    path(
        "settings/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password-reset/", passwords.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("settings/invitations/", tonight.invitation_settings, name="invitation-settings"),
    path("settings/reminders/", reminders.reminder_settings, name="reminder-settings"),
    path("settings/accounting/", accounting.accounting_settings, name="accounting-settings"),
    path("reminders/off/<str:token>/", reminders.reminders_off, name="reminders-off"),
    path("settings/sources/", sources.source_settings, name="sources"),
    path("settings/sources/<int:pk>/choose/", sources.source_choose, name="source-choose"),
    path("settings/sources/<int:pk>/sync/", sources.source_sync, name="source-sync"),
    path("settings/sources/<int:pk>/remove/", sources.source_remove, name="source-remove"),
    path("settings/calendar-feed/", calendar_feed.feed_make, name="reminders-feed-make"),
    path("settings/calendar-feed/revoke/", calendar_feed.feed_revoke, name="reminders-feed-revoke"),
    # Teams: members, invitations, what each member shares with the team.
    path("settings/teams/", teams.team_list, name="team-list"),
    path("settings/teams/<int:pk>/", teams.team_detail, name="team-detail"),
    path("settings/teams/<int:pk>/invite/", teams.team_invite, name="team-invite"),
    path(
        "settings/teams/<int:pk>/invitations/<int:invitation>/withdraw/",
        teams.team_invitation_withdraw,
        name="team-invitation-withdraw",
    ),
    path(
        "settings/teams/<int:pk>/members/<int:member>/remove/",
        teams.team_member_remove,
        name="team-member-remove",
    ),
    path(
        "settings/teams/<int:pk>/members/<int:member>/role/",
        teams.team_member_role,
        name="team-member-role",
    ),
    path("settings/teams/<int:pk>/sharing/", teams.team_sharing, name="team-sharing"),
    path("settings/teams/<int:pk>/people/", team_people.team_people, name="team-people"),
    path("settings/teams/<int:pk>/leave/", teams.team_leave, name="team-leave"),
    path("settings/teams/<int:pk>/delete/", teams.team_delete, name="team-delete"),
    # An invitation to a team: for whoever holds the link, with an account.
    path("teams/join/<str:token>/", team_join.team_join, name="team-join"),
    path("settings/tokens/", tokens.token_settings, name="api-tokens"),
    path("settings/tokens/<int:pk>/revoke/", tokens.token_revoke, name="api-token-revoke"),
    # The private calendar feed: public to whoever holds its secret address.
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed_ics, name="calendar-feed"),
    # A guest's personal invitation link: public to whoever holds it, nothing else.
    path("i/<str:token>/", guest_invitation.guest_invitation, name="guest-invitation"),
    path("i/<str:token>/dinner.ics", guest_invitation.guest_calendar, name="guest-invitation-ics"),
    # Contacts, and what the relationship with each holds: notes, follow-ups, rhythm.
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_create, name="contact-create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact-delete"),
    path("contacts/<int:pk>/teams/", team_join.contact_team_share, name="contact-team-share"),
    path("contacts/<int:pk>/notes/", timeline.note_add, name="contact-note-add"),
    path("contacts/<int:pk>/follow-ups/", timeline.follow_up_add, name="contact-follow-up-add"),
    path("contacts/follow-ups/", timeline.follow_ups_page, name="follow-ups"),
    path("contacts/follow-ups/<int:pk>/done/", timeline.follow_up_done, name="follow-up-done"),
    path("contacts/overdue/", timeline.overdue_page, name="contact-overdue"),
    path("contacts/import/", contact_files.contact_import, name="contact-import"),
    path(
        "contacts/import/result/",
        contact_files.contact_import_result,
        name="contact-import-result",
    ),
    path("contacts/export/<str:fmt>/", contact_files.contact_export, name="contact-export"),
    path("contacts/suggestions/", namesakes.match_suggestions, name="match-suggestions"),
    path(
        "contacts/suggestions/<int:pk>/merge/",
        namesakes.match_suggestion_merge,
        name="match-suggestion-merge",
    ),
    path(
        "contacts/suggestions/<int:pk>/apart/",
        namesakes.match_suggestion_keep_apart,
        name="match-suggestion-keep-apart",
    ),
    # Trips.
    path("trips/", trips.trip_list, name="trip-list"),
    path("trips/new/", trips.trip_create, name="trip-create"),
    path("trips/<int:pk>/edit/", trips.trip_edit, name="trip-edit"),
    path("trips/<int:pk>/delete/", trips.trip_delete, name="trip-delete"),
    # Tonight: the call list, the call round, the dinner it leads to.
    path("tonight/", tonight.tonight, name="tonight"),
    path("tonight/outcome/", tonight.record_outcome, name="tonight-outcome"),
    path("tonight/alone/", tonight.alone_tonight, name="tonight-alone"),
    path("tonight/rounds/", rounds.round_start, name="tonight-round-start"),
    path("tonight/rounds/<int:pk>/state/", rounds.round_state, name="tonight-round-state"),
    path("tonight/rounds/<int:pk>/sent/", rounds.round_sent, name="tonight-round-sent"),
    path("tonight/rounds/<int:pk>/withdraw/", rounds.round_withdraw, name="tonight-round-withdraw"),
    path("tonight/attempts/<int:pk>/dinner/", tonight.dinner_form, name="tonight-dinner-form"),
    path("tonight/dinners/<int:pk>/", tonight.dinner, name="tonight-dinner"),
    path("tonight/dinners/<int:pk>/dinner.ics", tonight.dinner_calendar, name="tonight-dinner-ics"),
    # Meals: the log, receipts and the expense export, statistics.
    path("meals/<int:pk>/receipt.pdf", receipts.meal_receipt, name="meal-receipt"),
    path(
        "meals/<int:pk>/receipt/approve/",
        receipts.meal_receipt_approve,
        name="meal-receipt-approve",
    ),
    path(
        "meals/receipts/<int:meal_number>/v<int:number>.pdf",
        receipts.receipt_version,
        name="receipt-version",
    ),
    path("meals/expenses.csv", receipts.meal_expenses_csv, name="meal-expenses"),
    path("meals/expenses-datev.csv", receipts.meal_expenses_datev, name="meal-expenses-datev"),
    path("meals/expenses-documents.zip", receipts.meal_documents_zip, name="meal-documents-zip"),
    path("meals/expenses/", receipts.meal_expenses_form, name="meal-expenses-form"),
    path("meals/", meals.meal_list, name="meal-list"),
    path("meals/new/", meals.meal_create, name="meal-create"),
    path("meals/<int:pk>/", meals.meal_detail, name="meal-detail"),
    path("meals/<int:pk>/edit/", meals.meal_edit, name="meal-edit"),
    path("meals/<int:pk>/bill/", meals.meal_bill, name="meal-bill"),
    path("meals/<int:pk>/delete/", meals.meal_delete, name="meal-delete"),
    path("stats/", stats.statistics_page, name="stats"),
]
