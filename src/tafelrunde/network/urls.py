from django.urls import path

from tafelrunde.network import views, views_exchange, views_namesakes, views_timeline

urlpatterns = [
    path("", views.contact_list, name="contact-list"),
    path("new/", views.contact_create, name="contact-create"),
    path("<int:pk>/", views.contact_detail, name="contact-detail"),
    path("<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("<int:pk>/delete/", views.contact_delete, name="contact-delete"),
    path("<int:pk>/notes/", views_timeline.note_add, name="contact-note-add"),
    path("<int:pk>/follow-ups/", views_timeline.follow_up_add, name="contact-follow-up-add"),
    path("follow-ups/", views_timeline.follow_ups_page, name="follow-ups"),
    path("follow-ups/<int:pk>/done/", views_timeline.follow_up_done, name="follow-up-done"),
    path("overdue/", views_timeline.overdue_page, name="contact-overdue"),
    path("import/", views_exchange.contact_import, name="contact-import"),
    path("import/result/", views_exchange.contact_import_result, name="contact-import-result"),
    path("export/<str:fmt>/", views_exchange.contact_export, name="contact-export"),
    path("suggestions/", views_namesakes.match_suggestions, name="match-suggestions"),
    path(
        "suggestions/<int:pk>/merge/",
        views_namesakes.match_suggestion_merge,
        name="match-suggestion-merge",
    ),
    path(
        "suggestions/<int:pk>/apart/",
        views_namesakes.match_suggestion_keep_apart,
        name="match-suggestion-keep-apart",
    ),
]
