import { registry } from "@web/core/registry";
import {
    CountedQuantityWidgetField,
    countedQuantityWidgetField,
} from "@stock/widgets/counted_quantity_widget";

/* A count line's counted quantity, as Inventory shows a quant's: empty until counted, so
   that a line nobody counted is never taken for zero; typing a quantity marks it counted. */
export class ConsignmentCountedQuantityField extends CountedQuantityWidgetField {
    onInput() {
        return this.props.record.update({ is_counted: true });
    }

    onBlur(ev) {
        if (this.props.record.data.is_counted) {
            this.updateValue(ev);
        }
    }

    get formattedValue() {
        if (!this.props.record.data.is_counted) {
            return "";
        }
        return super.formattedValue;
    }
}

registry.category("fields").add("consignment_counted_quantity", {
    ...countedQuantityWidgetField,
    component: ConsignmentCountedQuantityField,
});
