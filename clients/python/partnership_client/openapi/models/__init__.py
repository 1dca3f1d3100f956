"""Contains all the data models used in inputs/outputs"""

from .agreement import Agreement
from .agreement_state_entry import AgreementStateEntry
from .change import Change
from .change_change import ChangeChange
from .change_meta import ChangeMeta
from .change_page import ChangePage
from .claim import Claim
from .dataset_counts import DatasetCounts
from .dataset_info import DatasetInfo
from .dataset_source import DatasetSource
from .dataset_version import DatasetVersion
from .dataset_version_list import DatasetVersionList
from .driver import Driver
from .event import Event
from .event_in_list import EventInList
from .event_page import EventPage
from .evidence import Evidence
from .evidence_list import EvidenceList
from .evidence_meta import EvidenceMeta
from .export_line import ExportLine
from .export_line_data import ExportLineData
from .invalid_param import InvalidParam
from .links import Links
from .list_changes_type import ListChangesType
from .list_events_fields_item import ListEventsFieldsItem
from .list_events_sort import ListEventsSort
from .list_events_type import ListEventsType
from .list_organization_partnerships_fields_item import (
    ListOrganizationPartnershipsFieldsItem,
)
from .list_organization_partnerships_sort import ListOrganizationPartnershipsSort
from .list_organizations_fields_item import ListOrganizationsFieldsItem
from .list_organizations_kind import ListOrganizationsKind
from .list_organizations_sort import ListOrganizationsSort
from .list_partnerships_fields_item import ListPartnershipsFieldsItem
from .list_partnerships_kind import ListPartnershipsKind
from .list_partnerships_sort import ListPartnershipsSort
from .list_partnerships_status import ListPartnershipsStatus
from .list_products_fields_item import ListProductsFieldsItem
from .list_products_kind import ListProductsKind
from .list_products_sort import ListProductsSort
from .list_products_status import ListProductsStatus
from .list_sources_fields_item import ListSourcesFieldsItem
from .list_sources_kind import ListSourcesKind
from .list_sources_sort import ListSourcesSort
from .list_statements_fields_item import ListStatementsFieldsItem
from .list_statements_sort import ListStatementsSort
from .organization import Organization
from .organization_in_list import OrganizationInList
from .organization_page import OrganizationPage
from .organization_partnership import OrganizationPartnership
from .page_meta import PageMeta
from .participant import Participant
from .partnership import Partnership
from .partnership_event import PartnershipEvent
from .partnership_in_list import PartnershipInList
from .partnership_page import PartnershipPage
from .partnership_statement import PartnershipStatement
from .partnership_status_entry import PartnershipStatusEntry
from .problem import Problem
from .product import Product
from .product_in_list import ProductInList
from .product_page import ProductPage
from .product_status_entry import ProductStatusEntry
from .related_partnership import RelatedPartnership
from .resource_evidence import ResourceEvidence
from .source import Source
from .source_date import SourceDate
from .source_page import SourcePage
from .source_summary_in_list import SourceSummaryInList
from .statement import Statement
from .statement_in_list import StatementInList
from .statement_page import StatementPage
from .timeline_entry import TimelineEntry
from .version_file import VersionFile

__all__ = (
    "Agreement",
    "AgreementStateEntry",
    "Change",
    "ChangeChange",
    "ChangeMeta",
    "ChangePage",
    "Claim",
    "DatasetCounts",
    "DatasetInfo",
    "DatasetSource",
    "DatasetVersion",
    "DatasetVersionList",
    "Driver",
    "Event",
    "EventInList",
    "EventPage",
    "Evidence",
    "EvidenceList",
    "EvidenceMeta",
    "ExportLine",
    "ExportLineData",
    "InvalidParam",
    "Links",
    "ListChangesType",
    "ListEventsFieldsItem",
    "ListEventsSort",
    "ListEventsType",
    "ListOrganizationPartnershipsFieldsItem",
    "ListOrganizationPartnershipsSort",
    "ListOrganizationsFieldsItem",
    "ListOrganizationsKind",
    "ListOrganizationsSort",
    "ListPartnershipsFieldsItem",
    "ListPartnershipsKind",
    "ListPartnershipsSort",
    "ListPartnershipsStatus",
    "ListProductsFieldsItem",
    "ListProductsKind",
    "ListProductsSort",
    "ListProductsStatus",
    "ListSourcesFieldsItem",
    "ListSourcesKind",
    "ListSourcesSort",
    "ListStatementsFieldsItem",
    "ListStatementsSort",
    "Organization",
    "OrganizationInList",
    "OrganizationPage",
    "OrganizationPartnership",
    "PageMeta",
    "Participant",
    "Partnership",
    "PartnershipEvent",
    "PartnershipInList",
    "PartnershipPage",
    "PartnershipStatement",
    "PartnershipStatusEntry",
    "Problem",
    "Product",
    "ProductInList",
    "ProductPage",
    "ProductStatusEntry",
    "RelatedPartnership",
    "ResourceEvidence",
    "Source",
    "SourceDate",
    "SourcePage",
    "SourceSummaryInList",
    "Statement",
    "StatementInList",
    "StatementPage",
    "TimelineEntry",
    "VersionFile",
)
