"""What the comments register when the app starts: the staff menu entry, and the block on each
commented page of the apps below (they ask `common.extras` and never import feedback)."""


def register_comments() -> None:
    from openakimat.common import extras

    from .comment_targets import TARGETS
    from .navigation_comments import register_comments_nav
    from .views_comments import comments_block

    register_comments_nav()
    for kind in TARGETS:
        extras.register(kind, comments_block)
