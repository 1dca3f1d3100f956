"""marshmallow schemas: seed files in, API representations out; OpenAPI is generated from them.

marshmallow is first imported here, with its e-mail validator's domain pattern compiled on its
first use instead of at import (see schemas.patterns): no schema here checks an e-mail address,
and compiling that one pattern took a fifth of the CPU time of making the app.
"""

from schemas.patterns import import_with_large_patterns_deferred

import_with_large_patterns_deferred("marshmallow")
