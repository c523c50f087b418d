"""The Jinja environment: where templates are found, how they escape, and template errors.

Lookup order: the user's --templates folder, then the built-in templates; ``default:page.html``
always reaches the built-in one, so an override can extend it. Templates write interface text
with gettext calls (``{{ _("read_article") }}``): ``install_messages`` picks the language.
Knows nothing of articles.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from magwidget import theme
from magwidget.errors import MagwidgetError, Problem
from magwidget.i18n import Messages

if TYPE_CHECKING:  # jinja2 is imported when a template is needed: `validate` never pays for it
    import jinja2

_HERE = Path(__file__).parent
# A wheel ships templates/ inside the package; an editable install reads the checkout's folder.
BUILTIN = _HERE / "templates" if (_HERE / "templates").is_dir() else _HERE.parent / "templates"
TWINS = (("issue.html", "issue.txt"),)  # one message in two forms: override both or neither


def make_env(user_dir: Path | None = None) -> jinja2.Environment:
    """Return an environment with autoescape on for every template but *.txt."""
    import jinja2

    builtin = jinja2.FileSystemLoader(BUILTIN)
    loaders = [jinja2.FileSystemLoader(user_dir)] if user_dir else []
    loaders += [builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        extensions=["jinja2.ext.i18n"],
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["theme"] = theme.palette()  # the default colours; a build sets the project's
    install_messages(env, Messages("en"))
    return env


def install_messages(env: jinja2.Environment, messages: Messages) -> None:
    """Make the templates' gettext calls and ``dir`` follow the messages' language."""
    import jinja2

    @jinja2.pass_eval_context
    def gettext(eval_ctx, message_id: str) -> str:
        return _escaped(eval_ctx, messages.gettext(message_id))

    @jinja2.pass_eval_context
    def ngettext(eval_ctx, message_id: str, plural_id: str, n: int) -> str:
        return _escaped(eval_ctx, messages.ngettext(message_id, plural_id, n))

    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["dir"] = messages.dir


def _escaped(eval_ctx, text: str) -> str:
    """Escape a message in HTML: Jinja marks translations safe, and ``strings:`` are untrusted."""
    from markupsafe import escape

    return escape(text) if eval_ctx.autoescape else text


def render(env: jinja2.Environment, name: str, **context) -> str:
    """Render one template; turn any failure inside it into an error naming file and line."""
    import jinja2

    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _error(exc.filename or name, exc.lineno, exc.message) from None
    except jinja2.TemplateNotFound as exc:
        file, line = _template_frame(exc, name)
        raise _error(file, line, f"template not found: {exc.name}") from None
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc, name)
        known = ", ".join(sorted(context))
        raise _error(file, line, f"UndefinedError: {exc} (variables here: {known})") from None
    except Exception as exc:
        file, line = _template_frame(exc, name)
        raise _error(file, line, f"{type(exc).__name__}: {exc}") from None


def twin_warnings(user_dir: Path | None) -> list[Problem]:
    """Warn for each template overridden without its twin (issue.html and issue.txt)."""
    warnings = []
    for mine, twin in TWINS + tuple((b, a) for a, b in TWINS):
        if user_dir and (user_dir / mine).is_file() and not (user_dir / twin).is_file():
            message = f"{mine} is overridden but {twin} is not: its twin stays unchanged"
            warnings.append(Problem(str(user_dir / mine), message, warning=True))
    return warnings


def _error(file: str, line: int | None, message: str) -> MagwidgetError:
    where = f"{file}:{line}" if line else file
    return MagwidgetError(f"{where}: template error: {message}")


def _template_frame(exc: Exception, name: str) -> tuple[str, int | None]:
    """Find the innermost template line in the traceback (Jinja maps frames to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno
    return name, None
