"""Public disclosure and services (Law on Access to Information Art. 17, 19; Decree 224 Art. 9(1)(a); Law 10/2022
Arts. 11–12): the catalogue of administrative procedures, the disclosure items and their section pages, the unit's
disclosure list with its information requests. Each concern lives in its own module; this module gathers the models."""

from .information import DisclosurePage
from .items import (
    DisclosureItemFile,
    DisclosureItemPage,
    FinancePage,
    PlansPage,
    ProjectsPage,
    SciencePage,
    StatisticsPage,
)
from .procedures import AdoptedProcedure, Procedure, ProcedureField, ProcedureForm, ServiceCatalogPage

__all__ = [
    "AdoptedProcedure",
    "DisclosureItemFile",
    "DisclosureItemPage",
    "DisclosurePage",
    "FinancePage",
    "PlansPage",
    "Procedure",
    "ProcedureField",
    "ProcedureForm",
    "ProjectsPage",
    "SciencePage",
    "ServiceCatalogPage",
    "StatisticsPage",
]
