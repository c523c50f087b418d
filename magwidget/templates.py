"""The Jinja environment: where templates are found, how they escape, and template errors.

Lookup order: the user's --templates folder, then the built-in templates; ``default:page.html``
always reaches the built-in one, so an override can extend it. Knows nothing of articles.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from magwidget.errors import MagwidgetError

if TYPE_CHECKING:  # jinja2 is imported when a template is needed: `validate` never pays for it
    import jinja2

_HERE = Path(__file__).parent
# A wheel ships templates/ inside the package; an editable install reads the checkout's folder.
BUILTIN = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"


def make_env(user_dir: Path | None = None) -> jinja2.Environment:
    """Return an environment with autoescape on for every template but *.txt."""
    import jinja2

    builtin = jinja2.FileSystemLoader(BUILTIN)
    loaders = [jinja2.FileSystemLoader(user_dir)] if user_dir else []
    loaders += [builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(env: jinja2.Environment, name: str, **context) -> str:
    """Render one template; turn any failure inside it into an error naming file and line."""
    import jinja2

    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _error(exc.filename or name, exc.lineno, exc.message) from None
    except jinja2.TemplateNotFound as exc:
        raise MagwidgetError(f"template not found: {exc.name}") from None
    except Exception as exc:
        file, line = _template_frame(exc, name)
        raise _error(file, line, f"{type(exc).__name__}: {exc}") from None


def _error(file: str, line: int | None, message: str) -> MagwidgetError:
    where = f"{file}:{line}" if line else file
    return MagwidgetError(f"{where}: template error: {message}")


def _template_frame(exc: Exception, name: str) -> tuple[str, int | None]:
    """Find the innermost template line in the traceback (Jinja maps frames to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno
    return name, None
