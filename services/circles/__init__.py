"""Interest circles and the community in them: membership, discovery, posts, comments,
reactions, moderation and route co-creation (one module per responsibility).

Importing the package installs the co-membership check CIRCLES-visibility profiles rely on.
"""

from services.circles.comembers import co_members
from services.members.privacy import register_co_member_checker

register_co_member_checker(co_members)
