"""Introduced in Chapter 1. A font for the Chinese edition's figures.

The English figures draw with matplotlib's own DejaVu Sans. The Chinese edition's labels
(``nnbook.viz.style.LABELS``) need a font with Chinese characters as well; this finds one
on the system, or says how to install one.
"""

CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "PingFang SC",
             "Microsoft YaHei", "SimHei")
"""Fonts with Chinese characters, in order of preference; the Chinese edition's figures
draw with the first one installed. The figures' machinery, not explained in the book."""


def cjk_fonts():
    """The fonts of ``CJK_FONTS`` matplotlib can use; an error with the fix if there is none.

    matplotlib keeps a list of the system's fonts from its first run, so a font installed
    later is missing from it: the list is then refreshed once. The figures' machinery, not
    explained in the book.
    """
    from matplotlib import font_manager

    def installed():
        names = {font.name for font in font_manager.fontManager.ttflist}
        return [name for name in CJK_FONTS if name in names]

    if not installed():
        known = {font.fname for font in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a file matplotlib cannot read is not a font we need
    fonts = installed()
    if not fonts:
        raise RuntimeError(
            "The Chinese figures need a font with Chinese characters, and none of "
            f"{', '.join(CJK_FONTS)} is installed. On Debian or Ubuntu: "
            "sudo apt-get install fonts-noto-cjk (other systems: install Noto Sans CJK SC).")
    return fonts
