"""World-atlas presets: a hegemon, a pole mapping and a member list, each membership cited.

A preset is a data file a user can copy and edit (``data/presets/<name>.toml`` with its
``<name>.poles.csv``); ``load_preset`` reads a shipped one by name or a copy by path::

    title = "France's former colonies in Africa"
    hegemon = "FRA"                  # one of the poles; omitted when there is no former hegemon
    poles = "post_french.poles.csv"  # entity,pole,note (as data/poles/poles.csv), relative to this file
    [members]
    rule = "coldat"                  # coldat | successors | igo | region | list
    colonizer = "france"

Which states are members comes from data, by the rule of ``[members]``
(``multivector.presets.members`` states each rule); every member carries the line of data
that makes it one (``basis``), the year it left the hegemon's rule where known
(``independence``) and the short citation of that data. The hegemon, states that no
longer exist, territories and lines with no entity are never members, and are listed in
``Preset.left_out`` with the reason. This unit reads only the crosswalk (``codes``), the
settings, the errors, the column lists of the crosswalk's sources and the data files.
"""

from __future__ import annotations

from multivector.presets.files import PRESETS, RULES
from multivector.presets.loading import load_preset
from multivector.presets.model import LeftOut, Member, Preset

__all__ = ["PRESETS", "RULES", "LeftOut", "Member", "Preset", "load_preset"]
