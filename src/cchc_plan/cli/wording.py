"""Vietnamese wording for what the command-line framework itself prints (help frames, usage errors)."""

from __future__ import annotations

import codecs
import functools
import re
import sys
import unicodedata
from typing import Any, TextIO

import typer

HELP_OPTION_TEXT = "Hiện hướng dẫn này rồi thoát."
COMPLETION_TEXTS = {
    "install_completion": "Cài gợi ý mã (Tab) cho cửa sổ dòng lệnh đang dùng.",
    "show_completion": "In đoạn mã gợi ý (Tab) để tự cài hoặc chỉnh sửa.",
}

_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã hủy.",
    "DEFAULT_STRING": "[mặc định: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "RICH_HELP": "Xem [blue]«{command_path} {help_option}»[/] để biết cách dùng.",
}

# Messages of the framework's value conversions, as (pattern, Vietnamese template).
_VALUE_MESSAGES = [
    (re.compile(r"^'?(?P<value>.*?)'? is not a valid integer\.?$"), "«{value}» không phải số nguyên"),
    (
        re.compile(r"^(?P<value>.*?) is not in the range (?P<low>-?\d+)<=x<=(?P<high>-?\d+)\.?$"),
        "{value} nằm ngoài khoảng {low}–{high}",
    ),
    (re.compile(r"^(?P<value>.*?) is not in the range x>=(?P<low>-?\d+)\.?$"), "{value} phải ≥ {low}"),
    (re.compile(r"^(?P<value>.*?) is not in the range x<=(?P<high>-?\d+)\.?$"), "{value} phải ≤ {high}"),
    (
        re.compile(r"^'?(?P<value>.*?)'? is not one of (?P<choices>.*?)\.?$"),
        "«{value}» không phải một trong: {choices}",
    ),
    (re.compile(r"^'?(?P<value>.*?)'? is not a valid boolean\.?$"), "«{value}» không phải đúng/sai"),
    (re.compile(r"^Input should be a valid integer"), "cần một số nguyên"),
    (re.compile(r"^Input should be a valid number"), "cần một số"),
    (re.compile(r"^Input should be a valid date"), "cần một ngày hợp lệ"),
    (re.compile(r"^Input should be greater than or equal to (?P<low>\S+)"), "phải ≥ {low}"),
    (re.compile(r"^Input should be less than or equal to (?P<high>\S+)"), "phải ≤ {high}"),
    (re.compile(r"^Input should be (?P<choices>'.*')$"), "chỉ nhận {choices}"),
]
_USAGE_MESSAGES = [
    (re.compile(r"^No such command '(?P<name>.*)'\.?$"), "Không có lệnh «{name}»."),
    (re.compile(r"^Missing command\.?$"), "Thiếu tên lệnh."),
    (
        re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$"),
        "Thừa đối số: {args}.",
    ),
    (
        re.compile(r"^Option '(?P<name>.*)' requires an argument\.?$"),
        "Tùy chọn «{name}» cần một giá trị.",
    ),
    (
        re.compile(r"^Option '(?P<name>.*)' requires (?P<count>\d+) arguments\.?$"),
        "Tùy chọn «{name}» cần {count} giá trị.",
    ),
    (
        re.compile(r"^Option '(?P<name>.*)' does not take a value\.?$"),
        "Tùy chọn «{name}» không nhận giá trị.",
    ),
]


# A command as a clerk types it, shown when what was typed misses something.
EXAMPLES = {
    "cchc note": 'cchc note --quarter 2 --section kho-khan "Kinh phí tuyên truyền còn hạn chế."',
    "cchc report": "cchc report --quarter 2",
    "cchc list": "cchc list --quarter 2",
    "cchc status": "cchc status --quarter 2",
    "cchc add-activity": 'cchc add-activity --task vp-2 --date 05/03/2020 --title "Đăng tin bài"',
    "cchc progress": "cchc progress --task vp-2 --quarter 1 --status done",
}


# What a value of an option or argument is, as its help column and usage line name it: by the
# option's long name, else by the value's type. A switch (a flag) shows nothing there.
_VALUE_WORDS = {
    "--date": "NGÀY", "--task": "MÃ", "--unit": "MÃ", "--form": "MÃ", "--content": "MÃ",
    "--year": "NĂM", "--section": "MỤC", "--status": "TRẠNG THÁI", "--format": "ĐỊNH DẠNG",
    "--number": "SỐ", "--quarter": "QUÝ", "--half": "1|2", "--percent": "PHẦN TRĂM",
    "--quantity": "SỐ", "--participants": "SỐ", "--cost": "SỐ TIỀN",
}
_TYPE_WORDS = {"int": "SỐ", "str": "CHỮ", "Path": "TỆP", "list[Path]": "TỆP...",
               "list[str]": "CHỮ..."}
_ARGUMENT_WORDS = {"text": "NỘI_DUNG", "files": "TỆP", "revisions": "PHIÊN_BẢN", "path": "TỆP",
                   "record_id": "MÃ",
                   "shell": "SHELL"}


def localise(command: Any) -> Any:
    """Put Vietnamese into the help screens of `command` and its subcommands; returns it.
    The help screen's renderer (rich) is loaded only when a help screen is shown."""
    context = typer.Context(command)
    option = command.get_help_option(context)
    if option is not None:
        option.help = HELP_OPTION_TEXT
        _name_values(option)
    for parameter in command.params:
        parameter.help = COMPLETION_TEXTS.get(parameter.name, parameter.help)
        _name_values(parameter)
        if parameter.name == "install_completion" and parameter.callback is not None:
            parameter.callback = functools.partial(_install_completion, parameter.callback)
    command.options_metavar = "[TÙY CHỌN]"
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = "LỆNH [ĐỐI SỐ]..."
    command.format_usage = functools.partial(_format_usage, command)
    command.format_help = functools.partial(_format_help, command.format_help)
    for subcommand in getattr(command, "commands", {}).values():
        localise(subcommand)
    return command


def _name_values(parameter: Any) -> None:
    """The Vietnamese name of what `parameter` takes (in the help's type column and the usage
    line), never Python's («<str>», «<int range> [1<=x<=4]», «<bool>»)."""
    if parameter.param_type_name == "argument":
        if parameter.metavar is None:
            parameter.metavar = _ARGUMENT_WORDS.get(parameter.name, parameter.name.upper())
        parameter.display_type_rich = lambda ctx: None  # its name says what it is
        return
    if getattr(parameter, "is_flag", False) or getattr(parameter, "is_bool_flag", False):
        label = None
    else:
        longest = max(parameter.opts, key=len)
        bare = parameter.bare_type() if hasattr(parameter, "bare_type") else ""
        label = parameter.metavar or _VALUE_WORDS.get(longest) or _TYPE_WORDS.get(bare, "GIÁ TRỊ")
        low, high = getattr(parameter, "min", None), getattr(parameter, "max", None)
        if low is not None and high is not None and label not in ("1|2",):
            label = f"{label} {low}–{high}"
    parameter.display_type_rich = lambda ctx: label
    parameter._get_number_range_help_str = lambda: None


def _install_completion(install: Any, context: Any, parameter: Any, value: Any) -> Any:
    """`--install-completion`: typer's own installation (`install`), said in Vietnamese."""
    if not value or context.resilient_parsing:
        return value
    import contextlib
    import io

    from ..errors import CchcError, ExitCode

    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            install(context, parameter, value)
    except SystemExit as exit:
        if exit.code not in (0, None):
            raise CchcError(
                "Không cài được gợi ý mã (Tab): không nhận ra cửa sổ dòng lệnh đang dùng.",
                ExitCode.USAGE, code="invalid-input",
                hint="Cài trong bash, zsh, fish hoặc PowerShell; xem cách tự cài bằng "
                "cchc --show-completion.",
            ) from None
    done = re.search(r"^(?P<shell>\S+) completion installed in (?P<path>.+)$", said.getvalue(), re.MULTILINE)
    where = f" cho {done['shell']} vào {done['path'].strip()}" if done else ""
    print(f"Đã cài gợi ý mã (Tab){where}.")
    print("Gợi ý có hiệu lực từ lần mở cửa sổ dòng lệnh sau.")
    sys.exit(0)


def _format_usage(command: Any, context: Any, formatter: Any) -> None:
    pieces = [piece.removeprefix("{").removesuffix("}") for piece in command.collect_usage_pieces(context)]
    formatter.write_usage(context.command_path, " ".join(pieces), prefix="Cách dùng: ")


def _format_help(format_help: Any, context: Any, formatter: Any) -> Any:
    from typer import rich_utils

    for name, text in _PANEL_TITLES.items():
        setattr(rich_utils, name, text)
    return format_help(context, formatter)


def usage_error(error: BaseException) -> tuple[str, str] | None:
    """A clerk-readable Vietnamese message and hint for a usage error of the framework
    (both empty when the help screen has been shown instead), else None.

    The framework's exceptions are Click's, which typer keeps in a private module: they are
    told by their documented class names and attributes, as typer's own help renderer does,
    so that no private module is imported."""
    kinds = {kind.__name__ for kind in type(error).__mro__}
    if "UsageError" not in kinds:
        return None
    if "NoArgsIsHelpError" in kinds:
        return "", ""
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "cchc"
    if "MissingParameter" in kinds and command in EXAMPLES:
        return _describe(error, kinds), f"Ví dụ: {EXAMPLES[command]}"
    return _describe(error, kinds), f"Xem «{command} --help» để biết cách dùng."


def _describe(error: Any, kinds: set[str]) -> str:
    if "MissingParameter" in kinds:
        parameter = error.param
        if parameter is not None and parameter.param_type_name == "argument":
            described = f": {parameter.help[:1].lower()}{parameter.help[1:]}" if parameter.help else "."
            return f"Thiếu {parameter.metavar or parameter.name}{described}"
        names = " / ".join(parameter.opts) if parameter is not None else ""
        return f"Thiếu tùy chọn bắt buộc «{names}»."
    if "NoSuchOption" in kinds:
        text = f"Không có tùy chọn «{error.option_name}»."
        if error.possibilities:
            choices = ", ".join(f"«{name}»" for name in sorted(error.possibilities))
            text += f" Có phải ý bạn là {choices}?"
        return text
    if isinstance(error, typer.BadParameter):
        names = " / ".join(error.param.opts) if error.param is not None else ""
        return f"Giá trị không hợp lệ cho «{names}»: {_translate(error.message, _VALUE_MESSAGES)}."
    return _translate(str(error.message), _USAGE_MESSAGES)


# How the command line names the inputs that the library's errors refer to by field name.
_OPTION_NAMES = {"contents": "--content"}


# Hints the command line gives instead of the library's, by error code: they name what to type.
_HINTS = {
    "file-not-found": "Kiểm tra lại đường dẫn ở --plan hoặc biến môi trường CCHC_PLAN.",
}


def hint_for(code: str, hint: str) -> str:
    """The hint of a library error (`hint`, of error `code`) as the command line gives it."""
    return _HINTS.get(code, hint)


def option_named(field: str) -> str:
    """The option a clerk types for the library's input `field` (`quantity` -> `--quantity`)."""
    return _OPTION_NAMES.get(field, f"--{field}")


def _translate(message: str, catalogue: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, template in catalogue:
        match = pattern.match(message.strip())
        if match:
            return template.format(**match.groupdict())
    return message


# Signs a console without Unicode may not have, and what it shows instead.
_PLAIN_SIGNS = {"«": '"', "»": '"', "→": "->", "·": "-", "–": "-", "—": "-", "…": "...", "≥": ">=",
                "≤": "<=", "│": "|", "─": "-", "█": "#", "░": ".", "đ": "d", "Đ": "D"}


def _without_diacritics(error: UnicodeError) -> tuple[str, int]:
    """What a console that cannot show a character shows instead: the letter without its
    diacritics («Đã ghi» -> «Da ghi»), a plain sign, else «?», never mojibake."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    shown = []
    for char in error.object[error.start : error.end]:
        decomposed = unicodedata.normalize("NFD", char)  # Windows-1258 writes tones as marks
        plain = _PLAIN_SIGNS.get(char) or "".join(part for part in decomposed if not unicodedata.combining(part))
        shown.append(next((form for form in (decomposed, plain) if form and _encodes(form, error.encoding)), "?"))
    return "".join(shown), error.end


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


codecs.register_error("cchc-plain", _without_diacritics)


def readable(stream: TextIO) -> None:
    """Make `stream` show Vietnamese even where it cannot encode it (a Windows console or a
    redirection in an old code page): the letters lose their diacritics instead of the command
    failing or printing mojibake."""
    if not _takes_unicode(stream) and hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="cchc-plain")


def unicode_output() -> bool:
    """Whether standard output takes every character as it is (JSON then keeps its text)."""
    return _takes_unicode(sys.stdout)


def _takes_unicode(stream: TextIO) -> bool:
    return codecs.lookup(stream.encoding or "ascii").name in ("utf-8", "utf-16", "utf-32")
