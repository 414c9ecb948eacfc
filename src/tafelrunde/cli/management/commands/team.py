from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from tafelrunde.cli.base import TafelrundeCommand

if TYPE_CHECKING:
    from tafelrunde.owned import Owner
    from tafelrunde.teams.models import Membership

ROLES = ("member", "admin", "owner")


class Command(TafelrundeCommand):
    help = (
        "Teams: `team create NAME`, `add TEAM MEMBER [--role]`, `remove TEAM MEMBER`, "
        "`list`, `show TEAM`, `role`, `invite TEAM`, `join LINK`, `leave TEAM`."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        create = actions.add_parser(
            "create", help="make a team", description="Make a team; you are its owner."
        )
        create.add_argument("name", metavar="NAME", help="the team's name")
        add = actions.add_parser(
            "add", help="add a member", description="Add an account to a team (owners, admins)."
        )
        add.add_argument("team", metavar="TEAM", help="the team's name or id")
        add.add_argument("member", metavar="MEMBER", help="the account's user name")
        add.add_argument("--role", choices=ROLES, default="member", help="default: member")
        remove = actions.add_parser(
            "remove",
            help="remove a member",
            description="Remove a member: what they shared is gone from the team at once.",
        )
        remove.add_argument("team", metavar="TEAM", help="the team's name or id")
        remove.add_argument("member", metavar="MEMBER", help="the account's user name")
        role = actions.add_parser(
            "role", help="change a member's role", description="Change a role (owners only)."
        )
        role.add_argument("team", metavar="TEAM", help="the team's name or id")
        role.add_argument("member", metavar="MEMBER", help="the account's user name")
        role.add_argument("role", metavar="ROLE", choices=ROLES, help="member, admin or owner")
        listing = actions.add_parser(
            "list", help="your teams", description="The teams you are in, with your role."
        )
        show = actions.add_parser(
            "show", help="a team's members", description="A team's members and their roles."
        )
        show.add_argument("team", metavar="TEAM", help="the team's name or id")
        invite = actions.add_parser(
            "invite",
            help="an invitation link",
            description="Make a link to join the team, valid for 14 days and for one account.",
        )
        invite.add_argument("team", metavar="TEAM", help="the team's name or id")
        invite.add_argument("--role", choices=ROLES, default="member", help="default: member")
        invite.add_argument("--email", default="", help="whom it is for (noted with the link)")
        join = actions.add_parser(
            "join",
            help="join by an invitation",
            description="Join a team with its invitation link (or the token at its end): "
            "once, within 14 days, with the role it gives.",
        )
        join.add_argument("link", metavar="TOKEN_OR_URL", help="the invitation link or token")
        leave = actions.add_parser(
            "leave",
            help="leave a team",
            description="Leave a team: what you shared is gone from it at once.",
        )
        leave.add_argument("team", metavar="TEAM", help="the team's name or id")
        subparsers = [create, add, remove, role, listing, show, invite, join, leave]
        for sub in subparsers:
            sub.add_argument("--json", action="store_true", help="print JSON")
        self.subparsers = subparsers

    def handle(self, *args, **options):
        from tafelrunde.teams.membership import TeamError

        owner = self.owner(options)
        try:
            getattr(self, options["action"])(owner, options)
        except TeamError as exc:
            raise CommandError(str(exc)) from None

    def create(self, owner: Owner, options):
        from tafelrunde.teams.membership import create_team

        membership = create_team(owner, options["name"])
        self.report(membership, _("Made team %(team)s (#%(id)d); you are its owner."))

    def add(self, owner: Owner, options):
        from tafelrunde.teams.membership import add_member

        by = self.team(owner, options)
        member = add_member(by, self.account(options["member"]), options["role"])
        self.report(member, _("%(user)s is now a member of %(team)s (%(role)s)."))

    def remove(self, owner: Owner, options):
        from tafelrunde.teams.membership import remove_member

        by = self.team(owner, options)
        member = self.member_of(by, options["member"])
        remove_member(by, member)
        self.report(member, _("%(user)s is no longer in %(team)s."), removed=True)

    def role(self, owner: Owner, options):
        from tafelrunde.teams.membership import set_role

        by = self.team(owner, options)
        member = set_role(by, self.member_of(by, options["member"]), options["role"])
        self.report(member, _("%(user)s is now %(role)s of %(team)s."))

    def join(self, owner: Owner, options):
        from tafelrunde.teams.membership import join_by_link

        member = join_by_link(owner, options["link"])
        self.report(member, _("You joined %(team)s (#%(id)d) as %(role)s."))

    def leave(self, owner: Owner, options):
        from tafelrunde.teams.membership import leave

        member = self.team(owner, options)
        gone = leave(member)
        message = (
            _("You left %(team)s; it had no other members and is deleted.")
            if gone
            else _("You left %(team)s; what you shared is gone from it.")
        )
        self.report(member, message, removed=True)

    def list(self, owner: Owner, options):
        from tafelrunde.teams.models import Membership

        mine = list(
            Membership.objects.filter(user=owner).select_related("team").order_by("team__name")
        )
        if options["json"]:
            self.print_json({"teams": [team_json(m) for m in mine]})
        elif not mine:
            self.stdout.write(_("You are in no team yet: `tafelrunde team create NAME`."))
        for membership in mine if not options["json"] else ():
            self.stdout.write(
                f"#{membership.team_id}  {membership.team.name}  ({membership.get_role_display()})"
            )

    def show(self, owner: Owner, options):
        from tafelrunde.teams.membership import members

        mine = self.team(owner, options)
        everyone = members(mine.team_id)
        if options["json"]:
            self.print_json({**team_json(mine), "members": [member_json(m) for m in everyone]})
            return
        self.stdout.write(f"#{mine.team_id}  {mine.team.name}")
        for member in everyone:
            self.stdout.write(
                f"  {member.user.get_username():<20} {member.get_role_display():<8}"
                f"  {member.joined_at:%Y-%m-%d}"
            )

    def invite(self, owner: Owner, options):
        from tafelrunde.teams.membership import invite

        by = self.team(owner, options)
        invitation, url = invite(by, options["email"], options["role"])
        if options["json"]:
            self.print_json(
                {
                    "team": by.team_id,
                    "url": url,
                    "role": invitation.role,
                    "expires": invitation.expires_at.isoformat(timespec="seconds"),
                }
            )
            return
        self.stdout.write(_("Send this link; it works once, until %(date)s:") % {
            "date": f"{invitation.expires_at:%Y-%m-%d}"
        })  # fmt: skip
        self.stdout.write(url)

    # Helpers ---------------------------------------------------------------------------

    def team(self, owner: Owner, options) -> Membership:
        from tafelrunde.teams.membership import team_named

        return team_named(owner, options["team"])

    def account(self, username: str):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        try:
            return users.get(username=username)
        except users.model.DoesNotExist:
            raise CommandError(_("No account named %(name)r.") % {"name": username}) from None

    def member_of(self, by: Membership, username: str) -> Membership:
        from tafelrunde.teams.models import Membership

        try:
            return Membership.objects.select_related("team", "user").get(
                team_id=by.team_id, user__username=username
            )
        except Membership.DoesNotExist:
            message = _("%(user)s is not in %(team)s.") % {"user": username, "team": by.team.name}
            raise CommandError(message) from None

    def report(self, membership: Membership, message: str, removed: bool = False) -> None:
        if self.speaks_json:
            data = team_json(membership)
            self.print_json({**data, "member": member_json(membership), "removed": removed})
            return
        self.stdout.write(
            message
            % {
                "team": membership.team.name,
                "id": membership.team_id,
                "user": membership.user.get_username(),
                "role": membership.get_role_display(),
            }
        )


def team_json(membership: Membership) -> dict:
    """A team as its member sees it in `team … --json`: with the member's own role."""
    return {"team": membership.team_id, "name": membership.team.name, "role": membership.role}


def member_json(membership: Membership) -> dict:
    return {
        "user": membership.user.get_username(),
        "role": membership.role,
        "joined": membership.joined_at.isoformat(timespec="seconds"),
    }
